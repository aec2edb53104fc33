package dev.beacon.status;

/**
 * The status contract held by the store of one replica.
 */
class MemoryStatusStoreTests extends StatusStoreContract {

	@Override
	StatusStore newStore(StatusEvent initial, int historySize) {
		return new MemoryStatusStore(initial, historySize);
	}

}
