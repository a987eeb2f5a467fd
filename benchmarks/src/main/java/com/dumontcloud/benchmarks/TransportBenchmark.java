package com.dumontcloud.benchmarks;

import com.dumontcloud.sdk.internal.http.OkHttpTransport;
import com.dumontcloud.sdk.internal.http.TransportSettings;
import com.dumontcloud.sdk.spi.support.HttpCall;
import com.dumontcloud.sdk.time.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.net.ServerSocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A GET of a small JSON body (an instance, about 600 bytes) from a {@link MockWebServer} on loopback, over one shared
 * {@link OkHttpClient} (kept-alive connection):
 *
 * <ul>
 *   <li>{@link #rawOkHttp} (baseline): build the request, execute, read the body as a string;
 *   <li>{@link #transport}: the same call through {@link OkHttpTransport} (default settings: retry context, circuit
 *       breaker, deadline bookkeeping, redaction of the URL for messages, status mapping, header copy).
 * </ul>
 *
 * <p>Both include the loopback round trip and the server's work, so the difference, not the ratio alone, is the
 * transport's own cost per call. The server's sockets set {@code TCP_NODELAY}: MockWebServer writes the response
 * head and body in two flushes, and with Nagle's algorithm on, the body waits for the client's delayed ACK (about
 * 40 ms on Linux), which would swamp everything measured here.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class TransportBenchmark {
  static final String BODY = "{\"instances\": {\"id\": 41234567, \"actual_status\": \"running\", "
      + "\"intended_status\": \"running\", \"cur_state\": \"running\", \"next_state\": \"running\", "
      + "\"gpu_name\": \"RTX 4090\", \"num_gpus\": 1, \"gpu_ram\": 24564, \"dph_total\": 0.3208333, "
      + "\"geolocation\": \"Texas, US\", \"host_id\": 187321, \"machine_id\": 31234, "
      + "\"public_ipaddr\": \"127.0.0.1\", \"ssh_host\": \"127.0.0.1\", \"ssh_port\": 34567, "
      + "\"image_uuid\": \"vllm/vllm-openai:latest\", \"label\": \"dumont:owner=bench\", \"start_date\": 1787223600.5, "
      + "\"ports\": {\"8000/tcp\": [{\"HostIp\": \"0.0.0.0\", \"HostPort\": \"40123\"}], "
      + "\"22/tcp\": [{\"HostIp\": \"0.0.0.0\", \"HostPort\": \"40124\"}]}, \"status_msg\": \"success, running\"}}";

  /** MockWebServer logs every request at INFO through java.util.logging; silenced (held so it is not collected). */
  private static final Logger MOCK_LOG = Logger.getLogger(MockWebServer.class.getName());

  private MockWebServer server;
  private OkHttpClient client;
  private Scheduler scheduler;
  private OkHttpTransport transport;
  private String url;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    MOCK_LOG.setLevel(java.util.logging.Level.OFF);
    server = new MockWebServer();
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(BODY);
      }
    });
    server.start();
    url = server.url("/api/v0/instances/41234567/").toString();
    client = new OkHttpClient();
    scheduler = Scheduler.system();
    transport = new OkHttpTransport(client, scheduler, TransportSettings.defaults());
    if (!BODY.equals(rawOkHttp()) || !BODY.equals(transport())) throw new IllegalStateException("unexpected body");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    scheduler.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    server.shutdown();
  }

  /** Server sockets whose accepted connections have Nagle's algorithm off. */
  static final class NoDelayServerSocketFactory extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new NoDelayServerSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      ServerSocket s = new NoDelayServerSocket();
      s.bind(new InetSocketAddress(port));
      return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      ServerSocket s = new NoDelayServerSocket();
      s.bind(new InetSocketAddress(port), backlog);
      return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
      ServerSocket s = new NoDelayServerSocket();
      s.bind(new InetSocketAddress(address, port), backlog);
      return s;
    }
  }

  static final class NoDelayServerSocket extends ServerSocket {
    NoDelayServerSocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket s = super.accept();
      s.setTcpNoDelay(true);
      return s;
    }
  }

  @Benchmark
  public String rawOkHttp() throws IOException {
    Request request = new Request.Builder().url(url).get().build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) throw new IOException("HTTP " + response.code());
      return response.body().string();
    }
  }

  @Benchmark
  public String transport() {
    return transport.execute(HttpCall.builder("bench", "get").get(url).build()).body();
  }
}
