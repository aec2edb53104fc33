package dev.beacon.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A layer-4 load balancer in front of replicas, as Azure's and Kubernetes' are: each TCP
 * connection goes to the next replica in turn that accepts it (one that refuses is
 * skipped, as a health-probed balancer would), and bytes are piped both ways untouched,
 * so HTTP and WebSocket upgrades pass through. No session affinity. When a replica goes,
 * the connections it held close, and new ones go to the others.
 */
public final class LoadBalancer implements AutoCloseable {

	private final ServerSocket server;

	private final List<Integer> ports;

	private final AtomicInteger next = new AtomicInteger();

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private LoadBalancer(ServerSocket server, List<Integer> ports) {
		this.server = server;
		this.ports = List.copyOf(ports);
	}

	/**
	 * Listens on a free port of 127.0.0.1 and spreads connections over the given ports.
	 * @param ports the replicas' ports
	 * @return the running balancer
	 */
	public static LoadBalancer start(List<Integer> ports) throws IOException {
		ServerSocket server = new ServerSocket(0, 1024, java.net.InetAddress.getLoopbackAddress());
		LoadBalancer balancer = new LoadBalancer(server, ports);
		Thread.ofVirtual().name("load-balancer").start(balancer::accept);
		return balancer;
	}

	public int port() {
		return this.server.getLocalPort();
	}

	public String url() {
		return "http://127.0.0.1:" + port();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Thread.ofVirtual().start(() -> route(client));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void route(Socket client) {
		Socket replica = connectToNext();
		if (replica == null) {
			closeQuietly(client);
			return;
		}
		this.open.add(client);
		this.open.add(replica);
		Thread.ofVirtual().start(() -> pipe(client, replica));
		pipe(replica, client);
	}

	private Socket connectToNext() {
		for (int attempt = 0; attempt < this.ports.size(); attempt++) {
			int port = this.ports.get(Math.floorMod(this.next.getAndIncrement(), this.ports.size()));
			Socket socket = new Socket();
			try {
				socket.setTcpNoDelay(true);
				socket.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1000);
				return socket;
			}
			catch (IOException ex) {
				closeQuietly(socket);
			}
		}
		return null;
	}

	// Copies until either side ends, then closes both: a replica that dies ends its
	// clients' connections, as a real balancer's would
	private void pipe(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private void closeQuietly(Socket socket) {
		this.open.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.open.forEach(this::closeQuietly);
	}

}
