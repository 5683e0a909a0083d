package dev.trustplane.cli;
