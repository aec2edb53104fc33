package dev.beacon.inbox;

/**
 * The inbox contract held by the memory store, one replica's own.
 */
class MemoryInboxStoreTests extends InboxStoreContract {

	@Override
	InboxStore newStore() {
		return new MemoryInboxStore();
	}

}
