namespace ELearning.Api.Identity;

/// <summary>
/// Who may call a route. Delegates (learners) sign up or are vouched for by an LMS; administrators hold the
/// configured key; facilitators run workshops with their own token, made by an administrator. An administrator may do whatever a facilitator may.
/// </summary>
public static class Policies
{
    public const string Delegate = "delegate";
    public const string Facilitator = "facilitator";
    public const string Administrator = "administrator";

    /// <summary>A signed-in delegate or an LMS session (bounded by its <see cref="LmsScope"/>): the attempt routes and the dashboard.</summary>
    public const string Learner = "learner";
}

/// <summary>The role claims a signed-in caller carries.</summary>
public static class Roles
{
    /// <summary>Signed in through POST /api/learners: the delegate's own certificate, evidence and workshops.</summary>
    public const string Delegate = "delegate";

    /// <summary>Vouched for by an LMS: progress on its own attempt(s) only (<see cref="LmsScope"/>).</summary>
    public const string LmsSession = "lms-session";
    public const string Facilitator = "facilitator";
    public const string Administrator = "administrator";
}

public static class IdentityClaims
{
    /// <summary>A delegate's learner id: the pseudonymous id their attempts, statements and certificate hang on.</summary>
    public const string LearnerId = "learner_id";

    /// <summary>A facilitator's id: the workshops they run hang on it.</summary>
    public const string FacilitatorId = "facilitator_id";

    /// <summary>The name of the admin key presented (Admin:Keys:&lt;name&gt;): who the audit log says acted.</summary>
    public const string AdminKeyName = "admin_key";

    /// <summary>An LMS session's scope (<see cref="LmsScope"/>, as stored).</summary>
    public const string LmsScope = "lms_scope";

    /// <summary>The SHA-256 of the presented token (never the token): what logging out revokes, and what a SCORM retry moves to its new attempt.</summary>
    public const string TokenHash = "token_hash";
}
