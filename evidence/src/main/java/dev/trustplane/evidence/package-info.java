package dev.trustplane.evidence;
