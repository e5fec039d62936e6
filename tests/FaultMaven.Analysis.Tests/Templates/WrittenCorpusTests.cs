using Xunit.Abstractions;

namespace FaultMaven.Analysis.Tests.Templates;

/// <summary>
/// The corpora written for the miner by someone who had not seen it, one template per format string (their READMEs):
/// tests/data/template-corpus (session 20), tests/data/template-corpus-2 (session 21), tests/data/template-corpus-3 and
/// tests/data/template-corpus-4 (session 22), tests/data/template-corpus-5 and tests/data/template-corpus-6 (session 23), tests/data/template-corpus-7 (session 24), eight systems each. A third measure besides the two Loghub halves. Each corpus's first run was blind;
/// the rules that followed were designed from the misses of the systems listed as developed on, so the others are the
/// ones held out.
/// </summary>
public sealed class WrittenCorpusTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, (string[] DevelopedOn, string[] HeldOut)> Parts = new()
    {
        // Supercomputer was held out until session 23 designed the IBM timestamp and two-words-before-the-level kinds from its misses.
        ["template-corpus"] = (["Database", "Kubelet", "Supercomputer"], ["Compute", "Coordinator", "MapReduce", "Syslog", "WebServer"]),
        // GoService and ObjectStore were held out until session 22 designed the logfmt and hex-thread header kinds from their misses.
        ["template-corpus-2"] = (["CI", "Mail", "Router", "SpringApp", "GoService", "ObjectStore"], ["Broker", "LoadBalancer"]),
        // Split before its first run (session 22) into Airflow, Jvm, Nginx, NodeApp and the rest; Consul, Journal and
        // Redis were then developed on as well (their layouts, from the programs' documentation), Iis is held out.
        ["template-corpus-3"] = (["Airflow", "Jvm", "Nginx", "NodeApp", "Consul", "Journal", "Redis"], ["Iis"]),
        // Split before its first run (session 22) into these four and Dockerd, PhpFpm, RabbitMq, Squid, which session 23
        // then developed on too (header kinds: quoted logfmt values, levels with their colon or in brackets, enclosed ids).
        ["template-corpus-4"] = (["Cassandra", "MySql", "PgBouncer", "Tomcat", "Dockerd", "PhpFpm", "RabbitMq", "Squid"], []),
        // Split at random before its first run (session 23) into these four and Celery, ClickHouse, Gunicorn, MongoDb,
        // which the same session developed on too once corpus 6 had been written to be the blind measure.
        ["template-corpus-5"] = (["Ceph", "Envoy", "Jenkins", "Keycloak", "Celery", "ClickHouse", "Gunicorn", "MongoDb"], []),
        // Split at random before its first run (session 23); only the first four systems' lines were read to design rules.
        ["template-corpus-6"] = (["FreeRadius", "JvmGc", "Minecraft", "Solr"], ["Asterisk", "Bind", "Etcd", "Unbound"]),
        // Written blind by a helper in session 24 and split at random before its first run; the quoted-field kind was
        // designed from Prometheus (developed on), and Vault (held out) rose with it.
        ["template-corpus-7"] = (["HAProxy", "OpenVpn", "Prometheus", "Samba"], ["KafkaBroker", "Postfix", "Vault", "WindowsCbs"]),
    };

    private static readonly Dictionary<string, LabelledLogs> Corpora = Parts.ToDictionary(
        corpus => corpus.Key, corpus => new LabelledLogs(corpus.Key, [.. corpus.Value.DevelopedOn, .. corpus.Value.HeldOut]));

    // Just below the figures in docs/benchmarks.md ("A corpus written for the miner", "A second written corpus"), so
    // that a regression fails.
    [Theory]
    [InlineData("template-corpus", "developed on", 0.63, 0.45)]
    [InlineData("template-corpus", "held out", 0.77, 0.51)]
    [InlineData("template-corpus-2", "developed on", 0.67, 0.50)]
    [InlineData("template-corpus-2", "held out", 0.51, 0.26)]
    [InlineData("template-corpus-3", "developed on", 0.65, 0.35)]
    [InlineData("template-corpus-3", "held out", 0.22, 0.17)]
    [InlineData("template-corpus-4", "developed on", 0.39, 0.12)]
    [InlineData("template-corpus-5", "developed on", 0.46, 0.15)]
    [InlineData("template-corpus-6", "developed on", 0.68, 0.41)]
    [InlineData("template-corpus-6", "held out", 0.30, 0.03)]
    [InlineData("template-corpus-7", "developed on", 0.52, 0.11)]
    [InlineData("template-corpus-7", "held out", 0.66, 0.45)]
    public void Each_part_keeps_its_accuracy(string corpus, string part, double groupingFloor, double parsingFloor)
    {
        var (developedOn, heldOut) = Parts[corpus];
        Corpora[corpus].AssertAverageAtLeast($"{corpus} {part}", part == "held out" ? heldOut : developedOn, groupingFloor, parsingFloor, output);
    }
}
