#include "messagejsonreader.h"

namespace mantle::api::messages {

namespace od = simdjson::ondemand;
using Reader = JsonValueReader;
using Key = JsonValueReader::Key;
using simdjson::error_code;
using simdjson::SUCCESS;

error_code MessageJsonReader::readMessage(od::value &value, Message &message,
                                          std::vector<Block> &blocks)
{
    return Reader::forEachField(
        value, [&](Key key, od::value &v) { return readMessageField(key, v, message, blocks); });
}

error_code MessageJsonReader::readMessageField(Key key, od::value &value, Message &message,
                                               std::vector<Block> &blocks)
{
    if (key == "type")
        return Reader::string(value, message.type);
    if (key == "id")
        return Reader::string(value, message.id);
    if (key == "model")
        return Reader::string(value, message.model);
    if (key == "stop_reason")
        return Reader::string(value, message.stopReason);
    if (key == "usage")
        return Reader::rawObject(value, message.usage);
    if (key == "content") {
        return Reader::forEachElement(value, [&](od::value &element) {
            Block block;
            const error_code error = readBlock(element, block);
            if (!error)
                blocks.push_back(block);
            return error;
        });
    }
    if (key == "error")
        return readError(value, message.hasError, message.errorType, message.errorMessage);
    return SUCCESS;
}

error_code MessageJsonReader::readBlock(od::value &value, Block &block)
{
    return Reader::forEachField(value, [&](Key key, od::value &v) {
        if (key == "type")
            return Reader::string(v, block.type);
        if (key == "text")
            return Reader::string(v, block.text);
        if (key == "thinking")
            return Reader::string(v, block.thinking);
        if (key == "id")
            return Reader::string(v, block.id);
        if (key == "name")
            return Reader::string(v, block.name);
        if (key == "input")
            return Reader::rawObject(v, block.input);
        return SUCCESS;
    });
}

error_code MessageJsonReader::readError(od::value &value, bool &present, std::string_view &type,
                                        std::string_view &message)
{
    od::json_type jsonType;
    if (const error_code error = value.type().get(jsonType))
        return error;
    if (jsonType != od::json_type::object)
        return SUCCESS;
    present = true;
    return Reader::forEachField(value, [&](Key key, od::value &v) {
        if (key == "type")
            return Reader::string(v, type);
        if (key == "message")
            return Reader::string(v, message);
        return SUCCESS;
    });
}

} // namespace mantle::api::messages
