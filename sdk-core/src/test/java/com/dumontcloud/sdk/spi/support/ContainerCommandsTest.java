package com.dumontcloud.sdk.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.dumontcloud.sdk.model.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCommandsTest {
  @Test
  void dockerRun_quotesEveryValue_andAddsPortsEnvAndGpus() {
    Template t = Template.builder("web", "nginx:1.27").port(80).env(Map.of("MSG", "it's ok")).args(List.of("-g", "x y"))
        .build();
    assertThat(ContainerCommands.dockerRun(t, "dumont", true)).isEqualTo("docker run -d --restart unless-stopped"
        + " --name 'dumont' --gpus all -p 80:80 -e 'MSG=it'\\''s ok' 'nginx:1.27' '-g' 'x y'");
    assertThat(ContainerCommands.dockerRun(Template.builder("c", "busybox").port(0).build(), null, false))
        .isEqualTo("docker run -d --restart unless-stopped 'busybox'");
  }
}
