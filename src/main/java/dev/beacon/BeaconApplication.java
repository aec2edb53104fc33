package dev.beacon;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Beacon: negotiate, publish and upstream for Azure SignalR Service in one Spring Boot
 * service.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class BeaconApplication {

	public static void main(String[] args) {
		SpringApplication.run(BeaconApplication.class, args);
	}

}
