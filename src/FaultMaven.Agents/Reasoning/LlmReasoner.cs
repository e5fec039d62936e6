using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace FaultMaven.Agents.Reasoning;

/// <summary>Asks a chat model to reason over the retrieved context, keeping only citations of evidence it was given.</summary>
public sealed partial class LlmReasoner(IChatClient chat, string model, TimeSpan timeout)
{
    public const string Instructions =
        "You are FaultMaven, a troubleshooting assistant for on-call engineers. Answer from the context in the user message only: " +
        "the ranked hypotheses with their evidence log lines, detector findings and similar past incidents with their resolutions. " +
        "Say which root cause is most likely and why, and what to do next. Cite the evidence behind every claim by its bracketed id, " +
        "e.g. [E1] or [F2][I1]. Cite only ids that appear in the context; never invent log lines, findings, incidents or ids. " +
        "If the context does not support an answer, say so.";

    /// <summary>A reasoner over the OpenAI-compatible chat endpoint the options name.</summary>
    public static LlmReasoner Connect(LlmOptions options)
    {
        var client = new ChatClient(
            options.Model,
            new ApiKeyCredential(options.ApiKey!),
            // No retries: a second attempt would spend the time budget the deterministic fallback is waiting on.
            new OpenAIClientOptions { Endpoint = new Uri(options.Endpoint!), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });
        return new LlmReasoner(client.AsIChatClient(), options.Model!, options.Timeout);
    }

    public async Task<LlmAnswer> ReasonAsync(ReasoningContext context, CancellationToken cancellationToken)
    {
        if (context.Evidence.Count == 0)
        {
            return LlmAnswer.Unavailable(model, "nothing was retrieved to reason over", context.Evidence);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(
                [new(ChatRole.System, Instructions), new(ChatRole.User, context.Prompt)],
                new ChatOptions { Temperature = 0 },
                deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return LlmAnswer.Unavailable(model, $"no answer within {timeout.TotalSeconds:0.#} s", context.Evidence);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Whatever goes wrong with the optional model (HTTP error, unparsable reply), the deterministic answer must still go out.
            return LlmAnswer.Unavailable(model, $"the model endpoint failed: {failure.Message}", context.Evidence);
        }

        return string.IsNullOrWhiteSpace(response.Text)
            ? LlmAnswer.Unavailable(model, "the model returned no text", context.Evidence)
            : Cited(response.Text, context.Evidence);
    }

    /// <summary>The answer with every citation of an id that was not given removed, and the ids it cites.</summary>
    private LlmAnswer Cited(string text, IReadOnlyList<GivenEvidence> evidence)
    {
        var given = evidence.Select(item => item.Id).ToHashSet(StringComparer.Ordinal);
        var cited = new List<string>();
        var stripped = new List<string>();
        var kept = Citation().Replace(text, citation =>
        {
            var ids = citation.Groups["id"].Captures.Select(capture => capture.Value).ToList();
            cited.AddRange(ids.Where(given.Contains));
            stripped.AddRange(ids.Where(id => !given.Contains(id)));
            var valid = ids.Where(given.Contains).ToList();
            return valid.Count == 0 ? "" : $"{citation.Groups["space"].Value}[{string.Join(", ", valid)}]";
        });
        return new LlmAnswer(LlmStatus.Answered, null, model, kept.Trim(), [.. cited.Distinct()], [.. stripped.Distinct()], evidence);
    }

    /// <summary>A bracketed citation of one or more evidence ids, e.g. <c>[E1]</c> or <c>[E1, F2]</c>, with the space before it.</summary>
    [GeneratedRegex(@"(?<space> ?)\[(?<id>[EFI]\d+)(?:\s*,\s*(?<id>[EFI]\d+))*\]", RegexOptions.CultureInvariant)]
    private static partial Regex Citation();
}
