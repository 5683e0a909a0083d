package dev.trustplane.simulator;
