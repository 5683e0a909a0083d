package dev.trustplane.store;
