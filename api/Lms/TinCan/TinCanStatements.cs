using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Lms.TinCan;

/// <summary>
/// A Tin Can launch (RusticiSoftware/launch lms_lrs.md) names the learner and, optionally, the registration the LMS
/// tracks: the profile's statements are sent as that actor, under that registration (else the attempt's own).
/// </summary>
public static class TinCanStatements
{
    public static Statement AsLaunched(LmsLaunch l, Statement ours) => ours with
    {
        Actor = l.Actor,
        Context = l.HasRegistration ? (ours.Context ?? new Context()) with { Registration = l.Registration } : ours.Context,
    };
}
