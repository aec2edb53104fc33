package floor;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The floor: one negotiate-shaped endpoint, nothing of Beacon's. */
@SpringBootApplication
@RestController
public class Floor {

	public static void main(String[] args) {
		SpringApplication.run(Floor.class, args);
	}

	@PostMapping("/api/negotiate")
	Map<String, String> negotiate() {
		return Map.of("url", "http://localhost/client/?hub=floor", "accessToken", "-");
	}

}
