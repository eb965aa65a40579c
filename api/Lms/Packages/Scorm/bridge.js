/*
 * SCORM 1.2 bridge for one module (one SCO). Runs on the LMS's origin, inside the LMS's frame:
 * finds the LMS's API object, asks our API for a session for the LMS's learner (under this package's
 * trust key), shows our player in a frame, and reports the player's progress and result back to the LMS.
 * cmi.suspend_data holds only a pointer to the attempt our API keeps (SCORM 1.2 allows 4,096 characters).
 */
(function () {
  "use strict";
  var config = window.ELEARNING_SCORM;
  var moduleId = document.documentElement.getAttribute("data-module");
  var apiOrigin = new URL(config.apiBase).origin;
  var started = Date.now();
  var finished = false;
  var status = document.getElementById("status");

  // ADL's discovery algorithm: walk up the frames, then the opener's, at most 500 levels.
  function findApi(win) {
    for (var tries = 0; win && tries < 500; tries++) {
      if (win.API) return win.API;
      if (win.parent && win.parent !== win) { win = win.parent; continue; }
      break;
    }
    return null;
  }
  var lms = findApi(window) || (window.opener && findApi(window.opener));

  function say(text) { status.textContent = text; }

  // The API's ProblemDetails says what went wrong in words a learner can read (e.g. a revoked package).
  function problem(request) {
    try { return JSON.parse(request.responseText).detail || "The course could not start."; } catch (e) { return "The course could not start."; }
  }

  function get(name) { return lms.LMSGetValue(name); }

  function set(name, value) {
    if (lms.LMSSetValue(name, String(value)) !== "true") {
      console.warn("LMSSetValue " + name + " failed: " + lms.LMSGetLastError());
    }
  }

  // HHHH:MM:SS.SS, as cmi.core.session_time requires.
  function sessionTime() {
    // In whole hundredths, so 59.996 s never rounds up to an invalid "60.00".
    var cs = Math.min(Math.floor((Date.now() - started) / 10), 9999 * 360000 - 1);
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60, f = cs % 100;
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return ("000" + h).slice(-4) + ":" + two(m) + ":" + two(s) + "." + two(f);
  }

  function finish() {
    if (finished || !lms) return;
    finished = true;
    set("cmi.core.session_time", sessionTime());
    lms.LMSCommit("");
    lms.LMSFinish("");
  }

  function onMessage(event) {
    if (event.origin !== apiOrigin || !event.data || typeof event.data.type !== "string") return;
    var data = event.data;
    if (data.type === "elearning:progress") {
      set("cmi.suspend_data", JSON.stringify({ a: data.attemptId }));
      set("cmi.core.lesson_location", String(data.location || "").slice(0, 255));
      if (get("cmi.core.lesson_status") === "not attempted") set("cmi.core.lesson_status", "incomplete");
      lms.LMSCommit("");
    } else if (data.type === "elearning:result") {
      set("cmi.suspend_data", JSON.stringify({ a: data.attemptId }));
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", Math.round(data.scaled * 100));
      set("cmi.core.lesson_status", data.passed ? "passed" : "failed");
      // Passed is final: "suspend" would ask the LMS to keep the attempt open for a resume that has nothing left to do.
      if (data.passed) set("cmi.core.exit", "");
      lms.LMSCommit("");
    } else if (data.type === "elearning:exit") {
      finish();
    }
  }

  function start() {
    if (!lms) { say("This module must be opened from your learning management system."); return; }
    if (lms.LMSInitialize("") !== "true") { say("Your learning system did not let this module start (error " + lms.LMSGetLastError() + ")."); return; }
    var resume = null;
    try { resume = JSON.parse(get("cmi.suspend_data") || "null"); } catch (e) { resume = null; }
    var request = new XMLHttpRequest();
    request.open("POST", config.apiBase + "api/lms/scorm/sessions");
    request.setRequestHeader("Content-Type", "application/json");
    request.onload = function () {
      if (request.status !== 201) { say(problem(request) + " Ask your learning team to check the package (error " + request.status + ")."); return; }
      var session = JSON.parse(request.responseText);
      set("cmi.core.exit", "suspend");
      var frame = document.createElement("iframe");
      frame.title = "Course: " + document.title;
      frame.allow = "fullscreen";
      // The player posts its progress to this page only: it needs our origin to say so (never "*").
      frame.src = session.launchUrl + "&origin=" + encodeURIComponent(location.origin);
      document.getElementById("sco").replaceChildren(frame);
    };
    request.onerror = function () { say("The course could not be reached. Check your connection and reopen the module."); };
    request.send(JSON.stringify({
      packageKey: config.packageKey,
      studentId: get("cmi.core.student_id"),
      studentName: get("cmi.core.student_name"),
      moduleId: moduleId,
      resumeAttemptId: resume && resume.a || null
    }));
  }

  window.addEventListener("message", onMessage);
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  start();
})();
