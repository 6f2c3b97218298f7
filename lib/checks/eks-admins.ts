import type { Check } from "./finding";

/**
 * The EKS clusters let in only who the description names (the creator's
 * implicit entry is off): without platform.admins.aws no person can reach
 * their APIs, only the hub's Argo CD and the teams' roles.
 */
export const eksAdmins: Check = {
  name: "eks-admins",
  run(tree) {
    const eks = tree.resolved.clusters.filter((c) => c.provider === "aws");
    if (eks.length === 0 || tree.resolved.platform.platform.admins.aws.length > 0) return [];
    return [
      {
        severity: "warning",
        where: eks.map((c) => c.name).join(", "),
        source: "platform.admins",
        message: "no IAM role is a cluster admin of the EKS clusters (platform.admins.aws is empty), and whoever applies the stacks gets no access of their own: list the role your administrators assume",
      },
    ];
  },
};
