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
}

/// <summary>The role claims a signed-in caller carries.</summary>
public static class Roles
{
    public const string Delegate = "delegate";
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

    /// <summary>The SHA-256 of the delegate's presented token (never the token): what logging out revokes.</summary>
    public const string TokenHash = "token_hash";
}
