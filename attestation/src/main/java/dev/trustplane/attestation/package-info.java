package dev.trustplane.attestation;
