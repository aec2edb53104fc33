package dev.beacon.endpoint;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Beacon's hubs and the names the service knows them by: with an application name, the
 * service's hub is {@code {application}_{hub}}, and the upstream's hubs are Beacon's only
 * when they carry the prefix.
 */
class HubsTests {

	final Hubs plain = new Hubs("Notifications", List.of("Chat"));

	final Hubs shop = new Hubs("notifications", List.of("chat"), "Shop");

	@Test
	void withoutAnApplicationNameTheServicesHubIsTheHub() {
		assertThat(this.plain.serviceHub("chat")).isEqualTo("chat");
		assertThat(this.plain.requireFromService("Chat")).isEqualTo("chat");
	}

	@Test
	void withAnApplicationNameTheServicesHubCarriesItLowerCased() {
		assertThat(this.shop.serviceHub("chat")).isEqualTo("shop_chat");
		assertThat(this.shop.serviceHub("notifications")).isEqualTo("shop_notifications");
	}

	@Test
	void theUpstreamsHubIsBeaconsOnceThePrefixIsTakenOff() {
		assertThat(this.shop.requireFromService("Shop_Chat")).isEqualTo("chat");
		assertThat(this.shop.requireFromService("shop_notifications")).isEqualTo("notifications");
	}

	@Test
	void anUpstreamHubWithoutTheApplicationsPrefixIsNotBeacons() {
		assertThatExceptionOfType(UnknownHubException.class).isThrownBy(() -> this.shop.requireFromService("chat"));
		assertThatExceptionOfType(UnknownHubException.class)
			.isThrownBy(() -> this.shop.requireFromService("other_chat"));
		assertThatExceptionOfType(UnknownHubException.class)
			.isThrownBy(() -> this.shop.requireFromService("shop_unknown"));
	}

}
