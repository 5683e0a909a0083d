package dev.trustplane.server;
