using System.Text;

namespace FaultMaven.Analysis.Normalization;

/// <summary>
/// The prefix a container tool puts before each line of a container's output: <c>docker compose logs</c>
/// (<c>api-1  | …</c>, <c>project_api_1  | …</c>) and <c>kubectl logs --prefix</c> (<c>[pod/api-7d9f/api] …</c>).
/// The line after it is read as if it stood alone; the prefix names the service.
/// </summary>
/// <param name="Length">Bytes of UTF-8 the prefix takes, its separator included.</param>
/// <param name="Service">The service: the compose service without its replica number, or the Kubernetes container.</param>
internal sealed record ContainerPrefix(int Length, string Service, string Container, string? Pod)
{
    public static ContainerPrefix? Read(ReadOnlySpan<byte> line) =>
        line.IsEmpty ? null : line[0] == (byte)'[' ? ReadKubectl(line) : ReadCompose(line);

    /// <summary>The parsed line with the service filled in when the line itself named none, and the container's names as attributes.</summary>
    public ParsedLine Apply(ParsedLine parsed)
    {
        var attributes = parsed.Attributes ?? WellKnownFields.NewFields();
        if (Pod is null)
        {
            attributes["container.name"] = Container;
        }
        else
        {
            attributes["kubernetes.pod_name"] = Pod;
            attributes["kubernetes.container_name"] = Container;
        }

        return parsed with { Service = parsed.Service ?? Service, Attributes = attributes };
    }

    // [pod/NAME/CONTAINER] message
    private static ContainerPrefix? ReadKubectl(ReadOnlySpan<byte> line)
    {
        var close = line.IndexOf((byte)']');
        if (close < 0 || !line.StartsWith("[pod/"u8) || close + 1 >= line.Length || line[close + 1] != (byte)' ')
        {
            return null;
        }

        var inner = line[5..close];
        var slash = inner.IndexOf((byte)'/');
        if (slash <= 0 || slash == inner.Length - 1 || inner.ContainsAny((byte)' ', (byte)'\t') || inner[(slash + 1)..].Contains((byte)'/'))
        {
            return null;
        }

        var container = Encoding.UTF8.GetString(inner[(slash + 1)..]);
        return new ContainerPrefix(close + 2, container, container, Encoding.UTF8.GetString(inner[..slash]));
    }

    // NAME-N  | message: the name ends in a replica number, padding spaces come before the bar.
    private static ContainerPrefix? ReadCompose(ReadOnlySpan<byte> line)
    {
        var nameEnd = line.IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"u8);
        if (nameEnd <= 2 || line[nameEnd] != (byte)' ')
        {
            return null;
        }

        var bar = nameEnd + line[nameEnd..].IndexOfAnyExcept((byte)' ');
        if (bar < nameEnd || line[bar] != (byte)'|' || (bar + 1 < line.Length && line[bar + 1] != (byte)' '))
        {
            return null;
        }

        var name = line[..nameEnd];
        var replica = name.LastIndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (replica <= 0 || replica == name.Length - 1 || name[replica] is not ((byte)'-' or (byte)'_'))
        {
            return null;
        }

        var length = Math.Min(line.Length, bar + 2);
        return new ContainerPrefix(length, Encoding.UTF8.GetString(name[..replica]), Encoding.UTF8.GetString(name), Pod: null);
    }
}
