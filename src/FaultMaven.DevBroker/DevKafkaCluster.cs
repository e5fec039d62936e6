using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using FaultMaven.DevBroker.Native;
using FaultMaven.Pipeline;

namespace FaultMaven.DevBroker;

/// <summary>An in-memory Kafka cluster (librdkafka's mock cluster) reachable over TCP on 127.0.0.1, one stable port per broker.</summary>
/// <remarks>Not durable: each partition keeps about 5 MiB, and everything is gone on <see cref="Dispose"/>.
/// There is no Admin API, so create every topic with <see cref="CreateTopic"/> before clients use it.</remarks>
public sealed class DevKafkaCluster : IDisposable
{
    private const string AdvertisedHost = "127.0.0.1";
    private const int ErrorTextSize = 512;

    private readonly IntPtr handle;
    private readonly IntPtr cluster;
    private readonly List<TcpForwarder> forwarders;
    private bool disposed;

    private DevKafkaCluster(IntPtr handle, IntPtr cluster, List<TcpForwarder> forwarders)
    {
        this.handle = handle;
        this.cluster = cluster;
        this.forwarders = forwarders;
        BootstrapServers = string.Join(',', forwarders.Select(f => $"{AdvertisedHost}:{f.Port}"));
    }

    /// <summary>The stable addresses clients connect to, comma-separated, e.g. <c>127.0.0.1:19092</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts the brokers; broker <c>i</c> (from 0) is advertised on <c>Port + i</c>, or on any free port when Port is 0.</summary>
    /// <param name="topics">Created before the port opens: a client that reconnects to a restarted broker must never see
    /// its topics missing (a Streamiz stream thread dies on a partition that vanished).</param>
    /// <param name="leaderEpoch">The leader epoch every partition of <paramref name="topics"/> starts at. A restarted broker
    /// must start above the last one's: a consumer checks its position against the leader's log when the epoch changes
    /// (KIP-320) and finds its offset gone, so it resets to the start of the new log instead of skipping the new records
    /// below its old position.</param>
    /// <exception cref="PortInUseException">An advertised port is taken.</exception>
    public static DevKafkaCluster Start(DevBrokerOptions options, IEnumerable<TopicSpec>? topics = null, int leaderEpoch = 0)
    {
        options.ThrowIfInvalid();
        var handle = NewOwnerHandle();
        var cluster = LibRdKafka.MockClusterNew(handle, options.BrokerCount);
        if (cluster == IntPtr.Zero)
        {
            LibRdKafka.Destroy(handle);
            throw new InvalidOperationException("librdkafka could not create the mock cluster.");
        }

        LibRdKafka.MockGroupInitialRebalanceDelayMs(cluster, 0);
        LibRdKafka.MockSetControllerId(cluster, 1);
        var forwarders = new List<TcpForwarder>();
        try
        {
            foreach (var topic in topics ?? [])
            {
                CreateTopic(cluster, topic.Name, topic.Partitions);
                RaiseLeaderEpoch(cluster, topic, options.BrokerCount, leaderEpoch);
            }

            var brokerEndpoints = Marshal.PtrToStringUTF8(LibRdKafka.MockClusterBootstraps(cluster))!.Split(',');
            for (var index = 0; index < brokerEndpoints.Length; index++)
            {
                var forwarder = TcpForwarder.Start(options.Port == 0 ? 0 : options.Port + index, IPEndPoint.Parse(brokerEndpoints[index]));
                forwarders.Add(forwarder);
                LibRdKafka.MockBrokerSetHostPort(cluster, brokerId: index + 1, AdvertisedHost, forwarder.Port);
            }
        }
        catch
        {
            Destroy(handle, cluster, forwarders);
            throw;
        }

        return new DevKafkaCluster(handle, cluster, forwarders);
    }

    /// <summary>Creates a topic; it must not exist yet.</summary>
    public void CreateTopic(string name, int partitions)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CreateTopic(this.cluster, name, partitions);
    }

    /// <summary>
    /// Takes every broker down (<paramref name="up"/> false: open connections are closed and new ones refused) or back up,
    /// keeping their logs: a broker process stopped and started again with its disk, unlike <see cref="Dispose"/>.
    /// </summary>
    public void SetBrokersUp(bool up)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ForEachBroker(up ? "up" : "down", brokerId => up ? LibRdKafka.MockBrokerSetUp(this.cluster, brokerId) : LibRdKafka.MockBrokerSetDown(this.cluster, brokerId));
    }

    /// <summary>Delays every broker's answers by <paramref name="roundTrip"/> (0 for none), as a slow or distant cluster would.</summary>
    public void SetRoundTripTime(TimeSpan roundTrip)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ForEachBroker("rtt", brokerId => LibRdKafka.MockBrokerSetRtt(this.cluster, brokerId, (int)roundTrip.TotalMilliseconds));
    }

    private void ForEachBroker(string change, Func<int, int> apply)
    {
        for (var brokerId = 1; brokerId <= this.forwarders.Count; brokerId++)
        {
            var error = apply(brokerId);
            if (error != LibRdKafka.NoError)
            {
                throw new InvalidOperationException($"Setting broker {brokerId} {change} failed: {LibRdKafka.Describe(error)}.");
            }
        }
    }

    private static void CreateTopic(IntPtr cluster, string name, int partitions)
    {
        var error = LibRdKafka.MockTopicCreate(cluster, name, partitions, replicationFactor: 1);
        if (error != LibRdKafka.NoError)
        {
            throw new InvalidOperationException($"Creating topic '{name}' with {partitions} partitions failed: {LibRdKafka.Describe(error)}.");
        }
    }

    // The mock raises a partition's epoch by one each time its leader is set; with one replica, partition p's leader is
    // broker p mod BrokerCount + 1 (the mock's deterministic replica placement), so setting it again keeps the leader.
    private static void RaiseLeaderEpoch(IntPtr cluster, TopicSpec topic, int brokerCount, int epoch)
    {
        for (var partition = 0; partition < topic.Partitions; partition++)
        {
            for (var step = 0; step < epoch; step++)
            {
                var error = LibRdKafka.MockPartitionSetLeader(cluster, topic.Name, partition, partition % brokerCount + 1);
                if (error != LibRdKafka.NoError)
                {
                    throw new InvalidOperationException($"Raising the leader epoch of {topic.Name}/{partition} failed: {LibRdKafka.Describe(error)}.");
                }
            }
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        Destroy(this.handle, this.cluster, this.forwarders);
    }

    // Clients first (their connections end at the forwarders), then the cluster, then the handle that owns it.
    private static void Destroy(IntPtr handle, IntPtr cluster, List<TcpForwarder> forwarders)
    {
        forwarders.ForEach(f => f.Dispose());
        LibRdKafka.MockClusterDestroy(cluster);
        LibRdKafka.Destroy(handle);
    }

    private static IntPtr NewOwnerHandle()
    {
        var conf = LibRdKafka.ConfNew();
        var errorText = new byte[ErrorTextSize];
        // This handle only owns the cluster and never connects: silence its notice about having no bootstrap.servers.
        foreach (var (name, value) in new[] { ("client.id", "faultmaven-devbroker"), ("log_level", "4") })
        {
            if (LibRdKafka.ConfSet(conf, name, value, errorText, ErrorTextSize) != LibRdKafka.ConfOk)
            {
                LibRdKafka.ConfDestroy(conf);
                throw new InvalidOperationException($"librdkafka rejected {name}={value}: {ReadError(errorText)}");
            }
        }

        var handle = LibRdKafka.New(LibRdKafka.ProducerType, conf, errorText, ErrorTextSize);
        if (handle == IntPtr.Zero)
        {
            LibRdKafka.ConfDestroy(conf);
            throw new InvalidOperationException($"librdkafka could not create the handle that owns the mock cluster: {ReadError(errorText)}");
        }

        return handle;
    }

    private static string ReadError(byte[] errorText) => Encoding.UTF8.GetString(errorText, 0, Array.IndexOf(errorText, (byte)0));
}
