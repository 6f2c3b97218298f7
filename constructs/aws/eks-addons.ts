/**
 * What an EKS cluster runs for each Kubernetes minor, pinned: the managed
 * add-ons (an add-on built for another minor fails CreateAddon at apply) and
 * the AL2023 node AMI release (so Terraform upgrades and patches the nodes,
 * which it never does for a node group without one). A `kubernetesVersion`
 * bump in the description moves the control plane, the add-ons and the
 * nodes together. Read from `aws eks describe-addon-versions
 * --kubernetes-version <minor>` and awslabs/amazon-eks-ami's releases.
 */
export const EKS_RELEASES: Record<string, { readonly addons: Record<EksAddonName, string>; readonly nodeAmi: string }> = {
  "1.35": {
    addons: {
      "vpc-cni": "v1.22.4-eksbuild.3",
      "kube-proxy": "v1.35.3-eksbuild.21",
      "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
      coredns: "v1.14.3-eksbuild.3",
      "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
    },
    nodeAmi: "1.35.6-20260714",
  },
  "1.36": {
    addons: {
      "vpc-cni": "v1.22.4-eksbuild.3",
      "kube-proxy": "v1.36.0-eksbuild.14",
      "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
      coredns: "v1.14.3-eksbuild.3",
      "aws-ebs-csi-driver": "v1.63.1-eksbuild.1",
    },
    nodeAmi: "1.36.2-20260714",
  },
};

/** The node AMI family: AL2023, the AMI type a release version above belongs to. */
export const NODE_AMI_TYPE = "AL2023_x86_64_STANDARD";

export type EksAddonName = "vpc-cni" | "kube-proxy" | "eks-pod-identity-agent" | "coredns" | "aws-ebs-csi-driver";

export function eksRelease(version: string, where: string): (typeof EKS_RELEASES)[string] {
  const v = EKS_RELEASES[version];
  if (!v) throw new Error(`[${where}] no EKS add-on versions are pinned for Kubernetes ${version} (constructs/aws/eks-addons.ts has ${Object.keys(EKS_RELEASES).join(", ")}); use that version or pin them`);
  return v;
}
