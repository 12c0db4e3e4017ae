// File: smtpcodec.hpp
//
// Umbrella header: every public part of smtpcodec. Include single headers to compile less.
#pragma once

#include "smtpcodec/address.hpp"
#include "smtpcodec/command.hpp"
#include "smtpcodec/error.hpp"
#include "smtpcodec/esmtp.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/line_ending.hpp"
#include "smtpcodec/line_reader.hpp"
#include "smtpcodec/result.hpp"
#include "smtpcodec/status.hpp"
#include "smtpcodec/version.hpp"
#include "smtpcodec/xtext.hpp"
