package dev.beacon.page;

import java.util.List;

import dev.beacon.endpoint.Hubs;
import dev.beacon.support.WebSliceConfiguration;
import dev.beacon.inbox.InboxProperties;
import dev.beacon.presence.PresenceProperties;
import dev.beacon.upstream.UpstreamProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static dev.beacon.support.TestKeys.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's configuration as a web slice, with settings other than the defaults that
 * {@link StatusPageTests} sees: the page learns the default hub and that broadcast is on,
 * without an API key.
 */
@WebMvcTest(controllers = ClientConfigController.class,
		properties = { "beacon.upstream.broadcast-enabled=true", "beacon.api.keys=" + API_KEY,
				"beacon.presence.public-count=false" })
@Import({ WebSliceConfiguration.class, ClientConfigControllerTests.Config.class })
class ClientConfigControllerTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void clientConfigNamesTheDefaultHubLowerCasedThatBroadcastIsEnabledAndTheCountIsNotPublic() {
		assertThat(this.mvc.get().uri("/api/client-config")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo(
					"{\"hub\":\"status\",\"broadcastEnabled\":true,\"presenceCount\":false,\"inbox\":false}");
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ UpstreamProperties.class, PresenceProperties.class, InboxProperties.class })
	static class Config {

		@Bean
		Hubs hubs() {
			return new Hubs("Status", List.of("chat"));
		}

	}

}
