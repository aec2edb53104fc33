package dev.beacon.protocol;

import java.util.Arrays;

/**
 * Bytes of a binary hub protocol received and not yet split into messages
 * ({@link MessagePackHubProtocol#split}). Splitting takes messages from the front without
 * moving the rest; the pending bytes move only when new ones need the room, and then
 * leave at least as much room again. A message arriving in many small fragments so costs
 * copying linear in its size, not a copy of all that is pending per fragment.
 */
public final class BinaryMessageBuffer {

	private static final int MIN_CAPACITY = 256;

	private byte[] bytes = new byte[0];

	private int start;

	private int end;

	/** Appends bytes received. */
	public void write(byte[] received) {
		if (received.length > this.bytes.length - this.end) {
			int pending = size();
			int needed = Math.addExact(pending, received.length);
			byte[] target = (needed <= this.bytes.length / 2) ? this.bytes
					: new byte[(int) Math.max(MIN_CAPACITY, Math.min(2L * needed, Integer.MAX_VALUE - 8))];
			System.arraycopy(this.bytes, this.start, target, 0, pending);
			this.bytes = target;
			this.start = 0;
			this.end = pending;
		}
		System.arraycopy(received, 0, this.bytes, this.end, received.length);
		this.end += received.length;
	}

	/** How many bytes are pending. */
	public int size() {
		return this.end - this.start;
	}

	/** A copy of the pending bytes. */
	byte[] toByteArray() {
		return Arrays.copyOfRange(this.bytes, this.start, this.end);
	}

	/** The array holding the pending bytes, from {@link #start()} to {@link #end()}. */
	byte[] array() {
		return this.bytes;
	}

	int start() {
		return this.start;
	}

	int end() {
		return this.end;
	}

	/** The bytes up to {@code position} were split off. */
	void consumed(int position) {
		this.start = position;
		if (this.start == this.end) {
			this.start = 0;
			this.end = 0;
		}
	}

}
