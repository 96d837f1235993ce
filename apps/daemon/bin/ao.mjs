#!/usr/bin/env node
import '../dist/ao.mjs';
