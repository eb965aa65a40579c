using System.Security.Cryptography;
using System.Text;

namespace ELearning.Api.Tracking.Xapi;

/// <summary>
/// Name-based (version 5, SHA-1) UUIDs, RFC 4122 4.3. A statement's id is derived from what makes it unique
/// (registration, verb, object), so building the same event twice gives the same id and the LRS keeps one
/// copy (C 2.1.1: a statement id already stored is not stored again).
/// </summary>
public static class StatementIds
{
    /// <summary>Our namespace, itself a v5 UUID of the profile's name in the URL namespace.</summary>
    public static readonly Guid Namespace = Create(new Guid("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), "elearning/xapi-profile/1.0");

    public static Guid Create(Guid @namespace, string name)
    {
        var bytes = new byte[16];
        @namespace.TryWriteBytes(bytes, bigEndian: true, out _);
        var hash = SHA1.HashData([.. bytes, .. Encoding.UTF8.GetBytes(name)]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public static Guid For(Guid registration, Verb verb, string objectId) => Create(Namespace, $"{registration:D} {verb.Id} {objectId}");
}
