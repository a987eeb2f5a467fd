package com.dumontcloud.sdk.advisor;

/** No offer of the searched providers holds the model's estimate on up to 8 GPUs of one host. */
public class NoOfferFitsException extends AdvisorException {
  private final transient VramEstimate estimate;

  public NoOfferFitsException(String message, VramEstimate estimate) {
    super(message);
    this.estimate = estimate;
  }

  /** The memory the offers were checked against. */
  public VramEstimate estimate() {
    return estimate;
  }
}
