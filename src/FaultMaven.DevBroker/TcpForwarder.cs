using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FaultMaven.DevBroker;

/// <summary>Accepts TCP connections on a fixed loopback port and pipes each one to a target endpoint.</summary>
/// <remarks>The mock broker listens on a random port; this gives clients a port that stays the same across runs.</remarks>
internal sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener listener;
    private readonly IPEndPoint target;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<TcpClient, byte> connections = new();
    private readonly Task acceptLoop;

    private TcpForwarder(TcpListener listener, IPEndPoint target)
    {
        this.listener = listener;
        this.target = target;
        acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)this.listener.LocalEndpoint).Port;

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 = any free port).</summary>
    /// <exception cref="PortInUseException">Another process already listens on the port.</exception>
    public static TcpForwarder Start(int port, IPEndPoint target)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener.Dispose();
            throw new PortInUseException(port, e);
        }

        return new TcpForwarder(listener, target);
    }

    private async Task AcceptAsync()
    {
        while (!this.stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await this.listener.AcceptTcpClientAsync(this.stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var upstream = new TcpClient { NoDelay = true };
        using (client)
        {
            client.NoDelay = true;
            this.connections[client] = 0;
            this.connections[upstream] = 0;
            try
            {
                await upstream.ConnectAsync(this.target, this.stopping.Token);
                var clientStream = client.GetStream();
                var upstreamStream = upstream.GetStream();
                // Whichever side closes first ends the pair; Kafka clients reconnect on their own.
                await Task.WhenAny(
                    clientStream.CopyToAsync(upstreamStream, this.stopping.Token),
                    upstreamStream.CopyToAsync(clientStream, this.stopping.Token));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The peer went away or we are stopping: closing both sockets below is all there is to do.
            }
            finally
            {
                this.connections.TryRemove(client, out _);
                this.connections.TryRemove(upstream, out _);
            }
        }
    }

    public void Dispose()
    {
        if (this.stopping.IsCancellationRequested)
        {
            return;
        }

        this.stopping.Cancel();
        this.listener.Stop();
        foreach (var connection in this.connections.Keys)
        {
            connection.Dispose();
        }

        acceptLoop.Wait();
    }
}
