// File: smtpcodec.hpp
//
// Umbrella header: every public part of smtpcodec. Include single headers to compile less.
#pragma once

#include "smtpcodec/address.hpp"
#include "smtpcodec/bdat.hpp"
#include "smtpcodec/command.hpp"
#include "smtpcodec/dot_stuffing.hpp"
#include "smtpcodec/ehlo.hpp"
#include "smtpcodec/enhanced_status.hpp"
#include "smtpcodec/error.hpp"
#include "smtpcodec/esmtp.hpp"
#include "smtpcodec/export.hpp"
#include "smtpcodec/line_ending.hpp"
#include "smtpcodec/command_reader.hpp"
#include "smtpcodec/line_reader.hpp"
#include "smtpcodec/proxy.hpp"
#include "smtpcodec/reply.hpp"
#include "smtpcodec/result.hpp"
#include "smtpcodec/status.hpp"
#include "smtpcodec/version.hpp"
#include "smtpcodec/xtext.hpp"
