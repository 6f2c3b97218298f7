/**
 * Everything a Proxmox cluster downloads, pinned: the VM image with its
 * checksum, K3s per Kubernetes minor, kube-vip. Revisit with each upgrade.
 */

/** Debian 13 (trixie) genericcloud from a dated folder, which never changes; the node refuses a file that does not match. */
export const DEBIAN_IMAGE = {
  url: "https://cloud.debian.org/images/cloud/trixie/20260914-2601/debian-13-genericcloud-amd64-20260914-2601.qcow2",
  fileName: "debian-13-genericcloud-amd64-20260914-2601.qcow2",
  checksumAlgorithm: "sha512",
  checksum: "95e110dfcdbd0ed8a82a75ed9579802f9950cabf51a810dcc6388e81bc778188713878b9f28d583a0ea602fbf48b35996ae9ad37f584166d8fbd6489df248f53",
} as const;

/** The K3s service account issuer: inside the cluster only, which is why no other cloud can trust it. */
export const K3S_ISSUER = "https://kubernetes.default.svc.cluster.local";

/** The K3s release of each Kubernetes minor basecamp runs. */
export const K3S_RELEASES: Record<string, string> = {
  "1.34": "v1.34.12+k3s1",
  "1.35": "v1.35.9+k3s1",
  "1.36": "v1.36.5+k3s1",
};

export const KUBE_VIP_IMAGE = "ghcr.io/kube-vip/kube-vip:v1.2.4";
export const KUBE_VIP_CLOUD_PROVIDER_IMAGE = "ghcr.io/kube-vip/kube-vip-cloud-provider:v0.0.12";

/** The K3s release of a Kubernetes minor; the description's schema refuses a minor without one. */
export function k3sRelease(minor: string): string {
  const release = K3S_RELEASES[minor];
  if (!release) throw new Error(`no K3s release is pinned for Kubernetes ${minor} (k3s-images.ts has ${Object.keys(K3S_RELEASES).join(", ")})`);
  return release;
}

/** The install script of a K3s release, from its tag (GitHub wants the + encoded). */
export function k3sInstaller(release: string): string {
  return `https://raw.githubusercontent.com/k3s-io/k3s/${release.replace("+", "%2B")}/install.sh`;
}
