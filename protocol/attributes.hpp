// Every typed attribute of the codec, in one include.
#pragma once

#include "protocol/attributes/address_attributes.hpp"
#include "protocol/attributes/attr_error.hpp"
#include "protocol/attributes/error_attributes.hpp"
#include "protocol/attributes/number_attributes.hpp"
#include "protocol/attributes/opaque_attributes.hpp"
#include "protocol/attributes/password_algorithms.hpp"
#include "protocol/attributes/text_attributes.hpp"
