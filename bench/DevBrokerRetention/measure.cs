// How much the dev broker keeps per partition: run from this folder with
//   dotnet run measure.cs FILE LINES
// (e.g. HDFS.log concatenated to ~100 MB, 400000). It pushes FILE as fm push does (64 KiB chunks of whole lines,
// lz4) to one partition, then LINES one-line records, and prints how many records of each the broker still holds.
#:project ../../src/FaultMaven.DevBroker/FaultMaven.DevBroker.csproj
#:project ../../src/FaultMaven.Pipeline/FaultMaven.Pipeline.csproj
using Confluent.Kafka;
using FaultMaven.DevBroker;
using FaultMaven.Pipeline.Ingestion;

using var cluster = DevKafkaCluster.Start(new DevBrokerOptions { Port = 0 });
var file = args[0];
cluster.CreateTopic("chunks", 1);
cluster.CreateTopic("lines", 1);
var config = new ProducerConfig { BootstrapServers = cluster.BootstrapServers, Acks = Acks.All, EnableIdempotence = true, CompressionType = CompressionType.Lz4, LingerMs = 5 };
using var producer = new ProducerBuilder<string, byte[]>(config).Build();
long bytes = 0; long n = 0;
await using (var stream = File.OpenRead(file))
{
    await foreach (var chunk in LineChunker.ChunksAsync(stream, LineChunker.DefaultMaxLineBytes))
    {
        producer.Produce("chunks", new Message<string, byte[]> { Key = "s", Value = chunk.Value });
        bytes += chunk.Value.Length; n++;
        if (n % 1000 == 0) producer.Flush();
    }
}
producer.Flush();
using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "m" }).Build();
var w = consumer.QueryWatermarkOffsets(new TopicPartition("chunks", 0), TimeSpan.FromSeconds(5));
Console.WriteLine($"chunks: produced {n} records {bytes} bytes; kept {w.High - w.Low} records (~{(w.High - w.Low) * bytes / n / 1e6:F1} MB)");
long lines = 0; long lineBytes = 0;
foreach (var line in File.ReadLines(file).Take(int.Parse(args[1])))
{
    var v = System.Text.Encoding.UTF8.GetBytes(line + " {\"pad\":\"avro-ish fields source host level ts\"}");
    while (true) { try { producer.Produce("lines", new Message<string, byte[]> { Key = "s", Value = v }); break; } catch (ProduceException<string, byte[]>) { producer.Poll(TimeSpan.FromMilliseconds(50)); } }
    lines++; lineBytes += v.Length;
}
producer.Flush();
w = consumer.QueryWatermarkOffsets(new TopicPartition("lines", 0), TimeSpan.FromSeconds(5));
Console.WriteLine($"lines: produced {lines} records {lineBytes} bytes; kept {w.High - w.Low} records (~{(w.High - w.Low) * lineBytes / lines / 1e6:F1} MB)");
