package com.dumontcloud.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code dumont simulate}: replays of real traces through the real engine, on the simulated cloud. */
@Command(name = "simulate", description = {"Replay real traces through the real engine on the simulated cloud",
    "(virtual time, no credentials)."},
    mixinStandardHelpOptions = true,
    subcommands = {SimulateTrafficCommand.class})
final class SimulateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("error: missing subcommand (traffic); see 'dumont simulate --help'");
    return 2;
  }
}
