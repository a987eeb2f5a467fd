package com.dumontcloud.sdk.tensordock;

/**
 * TensorDock's two stops and what each costs; fetch it with
 * {@code dumont.provider("tensordock").capability(TensorDockStops.class)}.
 *
 * <table>
 *   <caption>TensorDock stops</caption>
 *   <tr><th>call</th><th>REST</th><th>billing while stopped</th><th>start again</th></tr>
 *   <tr><td>{@code CloudProvider.stop} (and {@code dumont.instances().stop})</td>
 *       <td>v2 {@code POST /instances/{id}/stop}; v0 {@code POST /client/stop/single disassociate_resources=false}</td>
 *       <td><b>everything, at the full running rate</b>: the GPU, vCPUs and RAM stay reserved</td>
 *       <td>always possible</td></tr>
 *   <tr><td>{@link #stopReleasingResources}</td>
 *       <td>v0 {@code POST /client/stop/single disassociate_resources=true}; state {@code StoppedDisassociated}</td>
 *       <td><b>storage only</b>: GPU, vCPUs and RAM are released</td>
 *       <td>only when the resources are free again; otherwise start fails and the VM must be recreated</td></tr>
 * </table>
 */
public interface TensorDockStops {
  /**
   * Stop and release the GPU, vCPUs and RAM: only storage is billed until the instance is started or deleted.
   * API v0 only: v2 documents no such stop, so on v2 this is an
   * {@link com.dumontcloud.sdk.exception.UnsupportedCapabilityException}.
   *
   * @param instanceId the instance
   */
  void stopReleasingResources(String instanceId);
}
