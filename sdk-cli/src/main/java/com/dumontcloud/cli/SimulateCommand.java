package com.dumontcloud.cli;

import picocli.CommandLine.Command;

/** {@code dumont simulate}: replays of real traces through the real engine and autoscaler on virtual time. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Replay real traces through the real engine on virtual time and compare policies",
        "with the best any policy could do (see docs/simulation.md)."},
    subcommands = {SimulateSpotCommand.class, SimulateTrafficCommand.class})
final class SimulateCommand {
}
