/**
 * EKS managed add-on versions per Kubernetes minor, pinned: an add-on built
 * for another minor fails CreateAddon at apply. Read from
 * `aws eks describe-addon-versions --kubernetes-version <minor>`; revisit with
 * every Kubernetes upgrade.
 */
export const EKS_ADDONS: Record<string, Record<EksAddonName, string>> = {
  "1.35": {
    "vpc-cni": "v1.22.4-eksbuild.3",
    "kube-proxy": "v1.35.3-eksbuild.21",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    coredns: "v1.14.3-eksbuild.3",
    "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
  },
};

export type EksAddonName = "vpc-cni" | "kube-proxy" | "eks-pod-identity-agent" | "coredns" | "aws-ebs-csi-driver";

export function eksAddonVersions(version: string, where: string): Record<EksAddonName, string> {
  const v = EKS_ADDONS[version];
  if (!v) throw new Error(`[${where}] no EKS add-on versions are pinned for Kubernetes ${version} (constructs/aws/eks-addons.ts has ${Object.keys(EKS_ADDONS).join(", ")}); use that version or pin them`);
  return v;
}
