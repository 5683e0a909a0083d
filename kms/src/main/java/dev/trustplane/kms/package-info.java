package dev.trustplane.kms;
