import type { Construct } from "constructs";
import * as cdktf from "cdktf";
import { PROXMOX_GENERATOR_METADATA } from "./proxmox-provider";
import { resourceConfig } from "../../bindings/resource-config";

export interface VirtualEnvironmentVmAgent {
  /** Only with qemu-guest-agent running in the guest, or the provider waits for it. */
  readonly enabled?: boolean | cdktf.IResolvable;
}

export interface VirtualEnvironmentVmCpu {
  readonly cores?: number;
  /** Such as `x86-64-v2-AES` or `host`. */
  readonly type?: string;
}

export interface VirtualEnvironmentVmMemory {
  /** MiB. */
  readonly dedicated?: number;
}

export interface VirtualEnvironmentVmDisk {
  readonly datastoreId?: string;
  /** `scsiN`, `sataN` or `virtioN`. */
  readonly interface: string;
  /** GB. */
  readonly size?: number;
  /** An `import` volume id to copy the disk from, at creation only (`file_id` is for compressed images). */
  readonly importFrom?: string;
  /** `on` or `ignore`. */
  readonly discard?: string;
  /** An I/O thread per disk (with scsi_hardware virtio-scsi-single). */
  readonly iothread?: boolean | cdktf.IResolvable;
  /** Tell the guest the disk is an SSD (so it trims). */
  readonly ssd?: boolean | cdktf.IResolvable;
}

export interface VirtualEnvironmentVmNetworkDevice {
  readonly bridge?: string;
}

export interface VirtualEnvironmentVmIpv4 {
  /** CIDR notation, or `dhcp`. */
  readonly address?: string;
  readonly gateway?: string;
}

export interface VirtualEnvironmentVmIpConfig {
  readonly ipv4?: VirtualEnvironmentVmIpv4;
}

export interface VirtualEnvironmentVmDns {
  readonly servers?: string[];
}

export interface VirtualEnvironmentVmInitialization {
  /** Where the cloud-init drive is created. */
  readonly datastoreId?: string;
  readonly dns?: VirtualEnvironmentVmDns;
  /** One per network device, in order. */
  readonly ipConfig?: VirtualEnvironmentVmIpConfig[];
  /** A `snippets` volume id holding the whole cloud-config user data (exclusive with user_account). */
  readonly userDataFileId?: string;
}

export interface VirtualEnvironmentVmOperatingSystem {
  /** `l26` for any current Linux. */
  readonly type?: string;
}

export interface VirtualEnvironmentVmConfig extends cdktf.TerraformMetaArguments {
  readonly nodeName: string;
  readonly name?: string;
  /** @default - the next free id in the Proxmox cluster */
  readonly vmId?: number;
  /** Lowercase; Proxmox sorts them, so pass them sorted to avoid a diff. */
  readonly tags?: string[];
  readonly description?: string;
  readonly started?: boolean | cdktf.IResolvable;
  readonly onBoot?: boolean | cdktf.IResolvable;
  /** Stop instead of shutting down on destroy, so a hung guest cannot block it. */
  readonly stopOnDestroy?: boolean | cdktf.IResolvable;
  /** `virtio-scsi-single` gives each disk its own controller (and I/O thread). */
  readonly scsiHardware?: string;
  /** `q35` for a modern chipset. */
  readonly machine?: string;
  /** A serial console (cloud images log there). */
  readonly serialDevice?: { readonly device: string }[];
  readonly agent?: VirtualEnvironmentVmAgent;
  readonly cpu?: VirtualEnvironmentVmCpu;
  readonly memory?: VirtualEnvironmentVmMemory;
  readonly disk?: VirtualEnvironmentVmDisk[];
  readonly networkDevice?: VirtualEnvironmentVmNetworkDevice[];
  readonly initialization?: VirtualEnvironmentVmInitialization;
  readonly operatingSystem?: VirtualEnvironmentVmOperatingSystem;
}

/** A struct mapper that leaves tokens and undefined alone, as generated bindings do. */
function struct<T>(fn: (s: T) => { [key: string]: any }): (s?: T | cdktf.IResolvable) => any {
  return (s) => (!cdktf.canInspect(s) || cdktf.Tokenization.isResolvable(s) ? s : fn(s as T));
}

/** The VM resource is SDKv2: every block is a list, single ones of at most one item. */
function block<T>(fn: (s?: T | cdktf.IResolvable) => any, value: T | undefined): any {
  return value === undefined ? undefined : cdktf.listMapper(fn, true)([value]);
}

const agentToTerraform = struct<VirtualEnvironmentVmAgent>((s) => ({
  enabled: cdktf.booleanToTerraform(s.enabled),
}));

const cpuToTerraform = struct<VirtualEnvironmentVmCpu>((s) => ({
  cores: cdktf.numberToTerraform(s.cores),
  type: cdktf.stringToTerraform(s.type),
}));

const memoryToTerraform = struct<VirtualEnvironmentVmMemory>((s) => ({
  dedicated: cdktf.numberToTerraform(s.dedicated),
}));

const diskToTerraform = struct<VirtualEnvironmentVmDisk>((s) => ({
  datastore_id: cdktf.stringToTerraform(s.datastoreId),
  interface: cdktf.stringToTerraform(s.interface),
  size: cdktf.numberToTerraform(s.size),
  import_from: cdktf.stringToTerraform(s.importFrom),
  discard: cdktf.stringToTerraform(s.discard),
  iothread: cdktf.booleanToTerraform(s.iothread),
  ssd: cdktf.booleanToTerraform(s.ssd),
}));

const dnsToTerraform = struct<VirtualEnvironmentVmDns>((s) => ({
  servers: cdktf.listMapper(cdktf.stringToTerraform, false)(s.servers),
}));

const networkDeviceToTerraform = struct<VirtualEnvironmentVmNetworkDevice>((s) => ({
  bridge: cdktf.stringToTerraform(s.bridge),
}));

const ipv4ToTerraform = struct<VirtualEnvironmentVmIpv4>((s) => ({
  address: cdktf.stringToTerraform(s.address),
  gateway: cdktf.stringToTerraform(s.gateway),
}));

const ipConfigToTerraform = struct<VirtualEnvironmentVmIpConfig>((s) => ({
  ipv4: block(ipv4ToTerraform, s.ipv4),
}));

const initializationToTerraform = struct<VirtualEnvironmentVmInitialization>((s) => ({
  datastore_id: cdktf.stringToTerraform(s.datastoreId),
  dns: block(dnsToTerraform, s.dns),
  ip_config: cdktf.listMapper(ipConfigToTerraform, true)(s.ipConfig),
  user_data_file_id: cdktf.stringToTerraform(s.userDataFileId),
}));

const operatingSystemToTerraform = struct<VirtualEnvironmentVmOperatingSystem>((s) => ({
  type: cdktf.stringToTerraform(s.type),
}));

/** proxmox_virtual_environment_vm */
export class VirtualEnvironmentVm extends cdktf.TerraformResource {
  public static readonly tfResourceType = "proxmox_virtual_environment_vm";

  private readonly config: VirtualEnvironmentVmConfig;

  constructor(scope: Construct, id: string, config: VirtualEnvironmentVmConfig) {
    super(scope, id, resourceConfig(VirtualEnvironmentVm.tfResourceType, PROXMOX_GENERATOR_METADATA, config));
    this.config = config;
  }

  /** The VM id, as a string. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** Addresses per network interface, as reported by the guest agent (list of lists). */
  public get ipv4Addresses(): cdktf.IResolvable {
    return this.interpolationForAttribute("ipv4_addresses");
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this.config;
    return {
      node_name: cdktf.stringToTerraform(c.nodeName),
      name: cdktf.stringToTerraform(c.name),
      vm_id: cdktf.numberToTerraform(c.vmId),
      tags: cdktf.listMapper(cdktf.stringToTerraform, false)(c.tags),
      description: cdktf.stringToTerraform(c.description),
      started: cdktf.booleanToTerraform(c.started),
      on_boot: cdktf.booleanToTerraform(c.onBoot),
      stop_on_destroy: cdktf.booleanToTerraform(c.stopOnDestroy),
      scsi_hardware: cdktf.stringToTerraform(c.scsiHardware),
      machine: cdktf.stringToTerraform(c.machine),
      serial_device: c.serialDevice?.map((d) => ({ device: d.device })),
      agent: block(agentToTerraform, c.agent),
      cpu: block(cpuToTerraform, c.cpu),
      memory: block(memoryToTerraform, c.memory),
      disk: cdktf.listMapper(diskToTerraform, true)(c.disk),
      network_device: cdktf.listMapper(networkDeviceToTerraform, true)(c.networkDevice),
      initialization: block(initializationToTerraform, c.initialization),
      operating_system: block(operatingSystemToTerraform, c.operatingSystem),
    };
  }
}
