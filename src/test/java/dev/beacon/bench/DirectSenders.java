package dev.beacon.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.beacon.restclient.RestClientBenchmarkAccess;

/**
 * The floor of a batch on the JVM, the baseline of
 * {@link RelayPublishBenchmarkTests#batchesThroughBeaconVersusDirectSenders}: a batch's
 * messages posted straight to the service by as many senders as Beacon runs for a batch,
 * each posting its next message when the last was answered, with the JDK
 * {@link HttpClient}. Only the outgoing exchanges: what a batch costs at least.
 * <p>
 * Runs a round for each line {@code <seconds>} read from standard input and prints
 * {@code sent <messages> <refused> <raced> <nanoseconds>} (raced: the JDK client's
 * pooled-connection race lost the answer to a message the service took), so the process
 * stays warm between rounds and its CPU can be read from {@code /proc} around each.
 */
public final class DirectSenders {

	private DirectSenders() {
	}

	/**
	 * Runs until its input ends.
	 * @param args the service's URL of a send to a user; the number of senders; the
	 * message as Beacon sends it; and optionally {@code selector} for the client as
	 * Beacon's data plane runs it
	 * @throws Exception if a round cannot run
	 */
	public static void main(String[] args) throws Exception {
		URI url = URI.create(args[0]);
		int senders = Integer.parseInt(args[1]);
		String message = args[2];
		HttpClient client = (args.length > 3 && args[3].equals("selector"))
				? RestClientBenchmarkAccess.dataPlaneHttpClient()
				: HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = commands.readLine(); line != null; line = commands.readLine()) {
			long until = System.nanoTime() + Long.parseLong(line.trim()) * 1_000_000_000L;
			AtomicLong sent = new AtomicLong();
			AtomicLong failed = new AtomicLong();
			AtomicLong raced = new AtomicLong();
			long started = System.nanoTime();
			try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<?>> running = new ArrayList<>();
				for (int s = 0; s < senders; s++) {
					running.add(threads.submit(() -> {
						while (System.nanoTime() < until) {
							HttpRequest request = HttpRequest.newBuilder(url)
								.header("Content-Type", "application/json")
								.POST(HttpRequest.BodyPublishers.ofString(message))
								.build();
							try {
								int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
								((status == 202) ? sent : failed).incrementAndGet();
							}
							catch (IOException ex) {
								// The default executor's race
								// (PooledConnectionRaceSoakTests):
								// the service took it, the client lost its answer
								raced.incrementAndGet();
							}
						}
						return null;
					}));
				}
				for (Future<?> sender : running) {
					sender.get();
				}
			}
			System.out.println("sent " + sent.get() + " " + failed.get() + " " + raced.get() + " "
					+ (System.nanoTime() - started));
			System.out.flush();
		}
	}

}
