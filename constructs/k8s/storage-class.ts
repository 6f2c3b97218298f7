import { ApiObject } from "cdk8s";
import type { Construct } from "constructs";

export interface EbsStorageClassProps {
  readonly name: string;
  /** Tags of every volume it creates (the cluster's cost tags: EKS tags no volume by itself). */
  readonly tags: Readonly<Record<string, string>>;
  readonly labels: Record<string, string>;
}

/**
 * The default StorageClass of an EKS cluster: gp3, encrypted, created where
 * its pod is scheduled, expandable, tagged for the budget. EKS clusters from
 * 1.30 on have no default class, so without it every PVC stays Pending.
 * A class's parameters are immutable: changing a tag means a new class.
 */
export function ebsStorageClass(scope: Construct, id: string, props: EbsStorageClassProps): ApiObject {
  const tags = Object.entries(props.tags).sort(([a], [b]) => (a < b ? -1 : 1));
  return new ApiObject(scope, id, {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: props.name, labels: props.labels, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    provisioner: "ebs.csi.aws.com",
    parameters: {
      type: "gp3",
      encrypted: "true",
      "csi.storage.k8s.io/fstype": "ext4",
      ...Object.fromEntries(tags.map(([k, v], i) => [`tagSpecification_${i + 1}`, `${k}=${v}`])),
    },
    reclaimPolicy: "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
  });
}
