namespace FaultMaven.Identity;

/// <summary>The roles a user or client can hold, from least to most trusted; each may do what the ones before it may.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Responder = "responder";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Responder, Admin];

    /// <summary>The roles that include <paramref name="role"/>'s rights: itself and every role after it.</summary>
    public static string[] AtLeast(string role) => All.Skip(All.ToList().IndexOf(role)).ToArray();
}
