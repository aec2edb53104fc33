package dev.beacon.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams a large body to a server over a raw socket and reports how much of it the
 * server took before it answered and stopped reading: the measure of whether a server
 * reads bodies it should refuse.
 */
public final class LargeBodyClient {

	private LargeBodyClient() {
	}

	/**
	 * What happened to one upload.
	 *
	 * @param status the answer's status, or 0 if none came
	 * @param bytesSent how much of the body the server accepted into its socket
	 * @param millis time to the answer
	 */
	public record Upload(int status, long bytesSent, long millis) {
	}

	/**
	 * Sends a request with a body of {@code size} bytes, declared with
	 * {@code Content-Length} or streamed chunked, writing until the server stops taking
	 * it.
	 */
	public static Upload send(int port, String method, String target, Map<String, String> headers, long size,
			boolean chunked) throws IOException, InterruptedException {
		long started = System.nanoTime();
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n").append("\r\n");
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			AtomicLong sent = new AtomicLong();
			Thread writer = Thread.ofVirtual().start(() -> write(out, size, chunked, sent));
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			String statusLine = in.readLine();
			long millis = (System.nanoTime() - started) / 1_000_000;
			socket.shutdownOutput();
			writer.join(20_000);
			int status = (statusLine != null && statusLine.length() >= 12)
					? Integer.parseInt(statusLine.substring(9, 12)) : 0;
			return new Upload(status, sent.get(), millis);
		}
	}

	private static void write(OutputStream out, long size, boolean chunked, AtomicLong sent) {
		byte[] block = new byte[64 * 1024];
		java.util.Arrays.fill(block, (byte) '[');
		try {
			while (sent.get() < size) {
				int length = (int) Math.min(block.length, size - sent.get());
				if (chunked) {
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
				}
				out.write(block, 0, length);
				if (chunked) {
					out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
				}
				sent.addAndGet(length);
			}
			if (chunked) {
				out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			}
			out.flush();
		}
		catch (IOException ex) {
			// the server closed the connection: it stopped taking the body
		}
	}

}
