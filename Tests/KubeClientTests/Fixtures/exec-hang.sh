#!/bin/sh
# An exec credential plugin that never answers.
sleep 600
