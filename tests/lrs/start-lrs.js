// Starts Learning Locker's xapi-statements service for the tests, bound to 127.0.0.1 only.
// The service calls listen(port) with no host, which would bind every interface; patching
// http.Server.prototype.listen before it loads pins it to loopback.
// Usage: node start-lrs.js <path to node_modules/xapi-statements/dist/index.js>
// (EXPRESS_PORT and the other settings come from the environment; see LrsFixture.cs.)
'use strict';
const http = require('http');
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, ...rest) {
  if (typeof port === 'number' || typeof port === 'string') {
    const callback = rest.find(a => typeof a === 'function');
    return listen.call(this, Number(port), '127.0.0.1', callback);
  }
  return listen.call(this, port, ...rest);
};
// With LRS_EXIT_WITH_STDIN=1 (the test fixture sets it), exit when the parent's pipe to our stdin
// closes, so a test runner that dies does not leave the LRS behind.
if (process.env.LRS_EXIT_WITH_STDIN === '1') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
require(process.argv[2]);
