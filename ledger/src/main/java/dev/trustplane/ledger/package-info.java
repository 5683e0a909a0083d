package dev.trustplane.ledger;
