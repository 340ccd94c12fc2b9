namespace Demarcate.Server.Trust;

/// <summary>What the server logs about trust: refused sign-ins, tokens and requests, and faults.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Sign-in refused for unknown or disabled user {UserName}")]
    public static partial void UnknownUser(ILogger logger, string userName);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Sign-in refused for {UserName}: locked out for {Seconds} s after {Failures} failures")]
    public static partial void LockedOut(ILogger logger, string userName, int seconds, int failures);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Wrong password for {UserName} ({Failures} failures in a row)")]
    public static partial void WrongPassword(ILogger logger, string userName, int failures);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Refused API token {TokenId}: unknown, wrong, expired or revoked")]
    public static partial void TokenRefused(ILogger logger, string tokenId);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, PathString path, string reason);

    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unhandled fault on {Path}")]
    public static partial void Fault(ILogger logger, Exception exception, PathString path);
}
