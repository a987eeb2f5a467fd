package com.dumontcloud.sdk.advisor;

/** The model is not in the {@link ModelCatalog} and no parameter count was given to assume its shape from. */
public class UnknownModelException extends AdvisorException {
  private final String model;

  public UnknownModelException(String model) {
    super("--model '" + model + "' is not in the advisor's catalog (see 'dumont advisor models'); give its size with "
        + "--params (e.g. --params 7b) and the shape of a catalog model of that size is assumed");
    this.model = model;
  }

  /** The model id asked for. */
  public String model() {
    return model;
  }
}
