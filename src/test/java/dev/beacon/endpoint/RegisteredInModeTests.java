package dev.beacon.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.beacon.support.Beacons;
import dev.beacon.support.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every component marked {@link RegisteredInMode} is left out of scanning, so only its
 * mode's registrar brings it in: each must be a bean in its own mode and absent in the
 * other, or a forgotten registration would silently drop an endpoint.
 */
class RegisteredInModeTests {

	@Test
	void eachModeComponentIsABeanInItsModeOnly() throws Exception {
		Map<BeaconMode, List<Class<?>>> components = modeComponents();
		assertThat(components.get(BeaconMode.LOCAL)).hasSizeGreaterThanOrEqualTo(4);

		try (ConfigurableApplicationContext local = Beacons.start();
				ConfigurableApplicationContext azure = Beacons.start("--beacon.signalr.connection-string="
						+ TestKeys.connectionString("https://beacon-modes.service.signalr.net"))) {
			for (Map.Entry<BeaconMode, List<Class<?>>> entry : components.entrySet()) {
				ConfigurableApplicationContext own = (entry.getKey() == BeaconMode.LOCAL) ? local : azure;
				ConfigurableApplicationContext other = (own == local) ? azure : local;
				for (Class<?> component : entry.getValue()) {
					assertThat(own.getBeanNamesForType(component)).as(component + " in its mode").hasSize(1);
					assertThat(other.getBeanNamesForType(component)).as(component + " in the other mode").isEmpty();
				}
			}
		}
	}

	private static Map<BeaconMode, List<Class<?>>> modeComponents() throws ClassNotFoundException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(RegisteredInMode.class));
		List<Class<?>> found = new ArrayList<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("dev.beacon")) {
			found.add(ClassUtils.forName(candidate.getBeanClassName(), null));
		}
		return found.stream()
			.collect(Collectors.groupingBy((type) -> type.getAnnotation(RegisteredInMode.class).value()));
	}

}
