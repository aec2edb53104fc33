package dev.beacon.presence;

/**
 * The presence contract held by the memory store, one replica's own.
 */
class MemoryPresenceStoreTests extends PresenceStoreContract {

	@Override
	PresenceStore newStore() {
		return new MemoryPresenceStore();
	}

}
