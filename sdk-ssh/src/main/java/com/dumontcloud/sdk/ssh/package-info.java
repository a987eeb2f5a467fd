/**
 * SSH access to instances with Apache MINA SSHD: {@link com.dumontcloud.sdk.ssh.SshRemoteShell} (the
 * {@link com.dumontcloud.sdk.remote.RemoteShell} behind {@code Dumont.remote()}) and
 * {@link com.dumontcloud.sdk.ssh.SshGpuSampler} (GPU utilisation from {@code nvidia-smi} as an idleness signal).
 */
package com.dumontcloud.sdk.ssh;
