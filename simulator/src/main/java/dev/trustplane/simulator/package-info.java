/**
 * Byte-exact simulated TEE evidence and the simulated roots that endorse it — for tests, demos and
 * development without confidential hardware. Nothing here proves anything about real hardware:
 * every key derives from a public seed, and only an explicit
 * {@link dev.trustplane.evidence.TrustProfile.Kind#SIMULATED simulated} trust profile accepts it.
 *
 * <ul>
 *   <li>{@link dev.trustplane.simulator.SimulatedRoots}: AMD-shaped ARK/ASK per product, VCEK per chip
 *       and TCB, CRLs, and {@link dev.trustplane.simulator.SimulatedRoots#trustProfile()}.
 *   <li>{@link dev.trustplane.simulator.SnpSimulator} + {@link dev.trustplane.simulator.SnpSpec}: signed
 *       SEV-SNP reports v2/v3/v5 with their collateral ({@link dev.trustplane.simulator.SimulatedSnpEvidence}).
 *   <li>{@link dev.trustplane.simulator.AzureCvmSimulator} + {@link dev.trustplane.simulator.AzureCvmSpec}:
 *       HCL report, vTPM quote, AK and Trustee {@code az-snp-vtpm} JSON
 *       ({@link dev.trustplane.simulator.SimulatedAzureCvmEvidence}).
 *   <li>{@link dev.trustplane.simulator.MaaSnpRequest}: the MAA {@code POST /attest/SevSnpVm} body.
 * </ul>
 */
package dev.trustplane.simulator;
